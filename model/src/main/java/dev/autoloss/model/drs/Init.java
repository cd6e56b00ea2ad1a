package dev.autoloss.model.drs;

/** How a parameter starts: a constant, or uniform in {@code [-value, value)} from the build seed. */
public record Init(Kind kind, double value) {

    public enum Kind { CONSTANT, UNIFORM }

    public static Init zeros() {
        return new Init(Kind.CONSTANT, 0);
    }

    public static Init ones() {
        return new Init(Kind.CONSTANT, 1);
    }

    public static Init uniform(double bound) {
        return new Init(Kind.UNIFORM, bound);
    }

    /** Glorot and Bengio's bound for a {@code fanIn x fanOut} matrix. */
    public static Init xavierUniform(long fanIn, long fanOut) {
        return uniform(Math.sqrt(6.0 / (fanIn + fanOut)));
    }
}
