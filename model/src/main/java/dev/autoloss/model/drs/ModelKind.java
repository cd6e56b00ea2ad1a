package dev.autoloss.model.drs;

import dev.autoloss.model.CliNames;
import java.util.Locale;
import org.tensorflow.types.family.TFloating;

/** The recommender architectures the trainer can build. */
public enum ModelKind {
    DEEPFM,
    IPNN,
    NFM,
    AUTOINT,
    FM,
    WIDE_AND_DEEP,
    DCN;

    /** The name on the command line: {@code deepfm}, {@code ipnn}, {@code nfm}, {@code autoint}, {@code fm}, {@code wide-and-deep}, {@code dcn}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public <T extends TFloating> DrsModel<T> build(Parameters<T> params, ModelShape shape) {
        return switch (this) {
            case DEEPFM -> new DeepFm<>(params, shape);
            case IPNN -> new Ipnn<>(params, shape);
            case NFM -> new Nfm<>(params, shape);
            case AUTOINT -> new AutoInt<>(params, shape);
            case FM -> new Fm<>(params, shape);
            case WIDE_AND_DEEP -> new WideAndDeep<>(params, shape);
            case DCN -> new Dcn<>(params, shape);
        };
    }

    /** The model with this command-line name; IllegalArgumentException listing the valid names otherwise. */
    public static ModelKind byName(String name) {
        return CliNames.byName(values(), ModelKind::cliName, "model", name);
    }
}
