package dev.autoloss.model.train;

import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TFloating;

/** The number type of the whole graph: float32 to train, float64 to check gradients against finite differences. */
public enum Precision {
    FLOAT32(TFloat32.class),
    FLOAT64(TFloat64.class);

    private final Class<? extends TFloating> type;

    Precision(Class<? extends TFloating> type) {
        this.type = type;
    }

    public Class<? extends TFloating> type() {
        return type;
    }
}
