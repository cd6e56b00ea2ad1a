package dev.autoloss.jobs.train;

import dev.autoloss.model.train.InvalidSettingException;
import dev.autoloss.model.train.TrainerConfig;
import dev.autoloss.model.train.TrainerSetting;
import dev.autoloss.model.train.TrainerSettings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The trainer settings as flags, derived from their declarations ({@link TrainerSettings}): a mixin that adds one
 * option per setting the user decides, {@code --} and its name in kebab case ({@code --table-rows}), with the
 * declaration's description and default in its help. A command may take a setting's value from elsewhere
 * ({@link #except}) or default it otherwise ({@link #withDefault}). Values are kept as their text, so that the
 * options travel with a Flink job; a value's range is checked with the others when the trainer's settings are built.
 */
@Command
public final class TrainerSettingOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Set<String> excluded = new HashSet<>();
    private final LinkedHashMap<String, String> defaults = new LinkedHashMap<>();
    /** how help describes a default the command decides from its input (no value: the input's builder sets it) */
    private final LinkedHashMap<String, String> describedDefaults = new LinkedHashMap<>();
    private final LinkedHashMap<String, String> given = new LinkedHashMap<>();

    /** Leaves {@code settings} to the command (it has flags of its own for them, e.g. lists of models). */
    public TrainerSettingOptions except(TrainerSetting<?>... settings) {
        for (TrainerSetting<?> setting : settings) {
            excluded.add(setting.name());
        }
        return this;
    }

    /** This command's default for {@code setting} instead of the declared one. */
    public <T> TrainerSettingOptions withDefault(TrainerSetting<T> setting, T value) {
        defaults.put(setting.name(), setting.format(value));
        return this;
    }

    /** Help's words for the default of {@code setting} when the command sets it from its input (in the builder it passes to {@link #config}). */
    public TrainerSettingOptions withDefaultFromInput(TrainerSetting<?> setting, String description) {
        describedDefaults.put(setting.name(), description);
        return this;
    }

    /** Whether the command line gave {@code setting}. */
    public boolean gives(TrainerSetting<?> setting) {
        return given.containsKey(setting.name());
    }

    /** The flag of {@code setting}: {@code --table-rows} for {@code tableRows}. */
    public static String flag(TrainerSetting<?> setting) {
        return "--" + setting.name().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    }

    /** The settings this command has flags for, in declaration order. */
    public List<TrainerSetting<?>> settings() {
        return TrainerSettings.all().stream().filter(s -> !s.fromData() && !excluded.contains(s.name())).toList();
    }

    /** The default this command gives {@code setting}, as help shows it. */
    public String defaultDescription(TrainerSetting<?> setting) {
        return describedDefaults.getOrDefault(setting.name(), defaults.getOrDefault(setting.name(), setting.defaultDescription()));
    }

    /** What {@code setting} is, with its choices when it names one. */
    public static String about(TrainerSetting<?> setting) {
        List<String> choices = setting.type().choices();
        boolean named = !choices.isEmpty() && !choices.contains("true");
        return setting.description() + (named ? ": " + String.join(", ", choices) : "");
    }

    /** Adds the flags to the command that mixes these options in, under their own heading. */
    @Spec(Spec.Target.MIXEE)
    void addFlags(CommandSpec mixee) {
        ArgGroupSpec.Builder group = ArgGroupSpec.builder().heading("Trainer settings (README, \"Configuration\"):%n").exclusive(false);
        for (TrainerSetting<?> setting : settings()) {
            group.addArg(OptionSpec.builder(flag(setting))
                    .type(String.class)
                    .paramLabel(setting.type().label())
                    .description(about(setting) + " (default: " + defaultDescription(setting) + ")")
                    .converters(text -> {
                        typed(setting, text); // a typo is a usage error, like any other flag's
                        return text;
                    })
                    .setter(new ISetter() {
                        @Override
                        public <V> V set(V value) {
                            given.put(setting.name(), (String) value);
                            return null;
                        }
                    })
                    .build());
        }
        mixee.addArgGroup(group.build());
    }

    /**
     * The trainer's settings: {@code data}'s (its task, classes and fields) with this command's defaults and the
     * given values over them. A refused value is named by its flag.
     */
    public TrainerConfig config(TrainerConfig.Builder data) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        values.putAll(given);
        for (TrainerSetting<?> setting : settings()) {
            String text = values.get(setting.name());
            if (text != null) {
                set(data, setting, text);
            }
        }
        try {
            return data.build();
        } catch (InvalidSettingException e) {
            throw new IllegalArgumentException(flag(e.setting()) + " " + e.problem(), e);
        }
    }

    /** This command's own defaults and the given values, as flags: for a command that runs another with them. */
    public List<String> asArgs() {
        List<String> args = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>(defaults);
        values.putAll(given);
        values.forEach((name, text) -> {
            args.add(flag(TrainerSettings.named(name).orElseThrow()));
            args.add(text);
        });
        return args;
    }

    private static <T> void set(TrainerConfig.Builder builder, TrainerSetting<T> setting, String text) {
        builder.set(setting, typed(setting, text));
    }

    private static <T> T typed(TrainerSetting<T> setting, String text) {
        try {
            return setting.type().parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
