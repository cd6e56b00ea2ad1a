package dev.autoloss.model.train;

import dev.autoloss.model.snapshot.ArrayType;
import java.nio.ByteBuffer;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/** Moves tensor bytes to and from snapshot buffers in one copy (both are little-endian on the machines TensorFlow runs on). */
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

    /** A new tensor holding {@code data} (a heap buffer of exactly the tensor's size); the caller closes it. */
    static Tensor tensorOf(Class<? extends TType> type, Shape shape, ByteBuffer data) {
        Tensor tensor = Tensor.of(type, shape);
        tensor.asRawTensor().data().write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        return tensor;
    }
}
