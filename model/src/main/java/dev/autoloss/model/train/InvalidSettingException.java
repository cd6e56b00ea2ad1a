package dev.autoloss.model.train;

/** A trainer setting's value is refused; callers that know the setting by another name (a flag) say it in theirs. */
public final class InvalidSettingException extends IllegalArgumentException {

    private final transient TrainerSetting<?> setting;
    private final String problem;

    InvalidSettingException(TrainerSetting<?> setting, String problem) {
        super("trainer setting " + setting.name() + " " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    public TrainerSetting<?> setting() {
        return setting;
    }

    /** What is wrong, without the setting's name ("must be positive, got 0"). */
    public String problem() {
        return problem;
    }
}
