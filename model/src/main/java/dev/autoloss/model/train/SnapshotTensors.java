package dev.autoloss.model.train;

import dev.autoloss.model.drs.Param;
import dev.autoloss.model.snapshot.ArrayType;
import dev.autoloss.model.snapshot.CorruptSnapshotException;
import dev.autoloss.model.snapshot.Snapshot;
import dev.autoloss.model.snapshot.SnapshotArray;
import dev.autoloss.model.snapshot.SnapshotWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * Moves variables to and from snapshots, each in one copy of its bytes (tensors and snapshots are both
 * little-endian on the machines TensorFlow runs on).
 */
final class SnapshotTensors {

    private SnapshotTensors() {}

    static ArrayType arrayType(Precision precision) {
        return precision == Precision.FLOAT32 ? ArrayType.FLOAT32 : ArrayType.FLOAT64;
    }

    /** Copies all of {@code tensor} into the rest of {@code target} (a heap buffer of exactly its size). */
    static void copy(Tensor tensor, ByteBuffer target) {
        tensor.asRawTensor().data().read(target.array(), target.arrayOffset() + target.position(), target.remaining());
        target.position(target.limit());
    }

    /** Adds each parameter's variable (read into {@code values}, in the same order) to the snapshot under the parameter's name. */
    static void writeVariables(SnapshotWriter writer, List<? extends Param<?>> params, Result values, ArrayType type) {
        for (int i = 0; i < params.size(); i++) {
            Tensor tensor = values.get(i);
            writer.array(params.get(i).name(), type, params.get(i).storageShape().asArray(), target -> copy(tensor, target));
        }
    }

    /** Sets each parameter's variable to the snapshot's array of its name, checking the shape; one session run. */
    static void restoreVariables(VariableStore store, List<? extends Param<?>> params, Snapshot snapshot) {
        Map<Param<?>, Tensor> values = new LinkedHashMap<>();
        try {
            for (Param<?> param : params) {
                SnapshotArray array = snapshot.array(param.name());
                if (!Arrays.equals(array.shape(), param.storageShape().asArray())) {
                    throw new CorruptSnapshotException("snapshot array " + array + " does not match parameter " + param);
                }
                values.put(param, tensorOf(param.variable().type(), param.storageShape(), array.data()));
            }
            store.write(values);
        } finally {
            values.values().forEach(Tensor::close);
        }
    }

    /** A new tensor holding {@code data} (a heap buffer of exactly the tensor's size); the caller closes it. */
    static Tensor tensorOf(Class<? extends TType> type, Shape shape, ByteBuffer data) {
        Tensor tensor = Tensor.of(type, shape);
        tensor.asRawTensor().data().write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        return tensor;
    }
}
