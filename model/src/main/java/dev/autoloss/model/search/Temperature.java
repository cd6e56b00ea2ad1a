package dev.autoloss.model.search;

/** The Gumbel-softmax temperature after {@code t} DRS steps: {@code max(min, start - decay * t)}. */
public record Temperature(double start, double decay, double min) {

    /** The paper's schedule, {@code max(0.01, 1 - 0.00005 t)}. */
    public static Temperature paper() {
        return new Temperature(1.0, 5e-5, 0.01);
    }

    public double at(long step) {
        return Math.max(min, start - decay * step);
    }
}
