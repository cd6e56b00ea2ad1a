package dev.autoloss.model.drs;

import java.util.Locale;
import org.tensorflow.types.family.TFloating;

/** The recommender architectures the trainer can build. */
public enum ModelKind {
    DEEPFM,
    IPNN;

    /** The name on the command line: {@code deepfm}, {@code ipnn}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public <T extends TFloating> DrsModel<T> build(Parameters<T> params, ModelShape shape) {
        return switch (this) {
            case DEEPFM -> new DeepFm<>(params, shape);
            case IPNN -> new Ipnn<>(params, shape);
        };
    }
}
