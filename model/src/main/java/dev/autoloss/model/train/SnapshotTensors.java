package dev.autoloss.model.train;

import dev.autoloss.model.drs.Param;
import dev.autoloss.model.snapshot.ArrayType;
import dev.autoloss.model.snapshot.CorruptSnapshotException;
import dev.autoloss.model.snapshot.Snapshot;
import dev.autoloss.model.snapshot.SnapshotArray;
import dev.autoloss.model.snapshot.SnapshotWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Moves variables to and from snapshots, each in one copy of its bytes (tensors and snapshots are both
 * little-endian on the machines TensorFlow runs on).
 */
final class SnapshotTensors {

    static final String ROWS_SUFFIX = "#rows";

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

    /**
     * Adds rows of {@code table} (their values fetched into {@code values}, {@code width} columns) to the snapshot:
     * the row numbers under the table's name and {@value #ROWS_SUFFIX}, the values under its name.
     */
    static void writeRows(SnapshotWriter writer, Param<?> table, int[] rows, Tensor values, ArrayType type, long width) {
        writer.array(table.name() + ROWS_SUFFIX, ArrayType.INT32, new long[] {rows.length}, b -> {
            b.asIntBuffer().put(rows);
            b.position(b.limit());
        });
        writer.array(table.name(), type, new long[] {rows.length, width}, b -> copy(values, b));
    }

    /** The row numbers of {@code table} that {@link #writeRows} put into the snapshot. */
    static int[] rows(Snapshot snapshot, Param<?> table) {
        return ints(snapshot.array(table.name() + ROWS_SUFFIX));
    }

    /** The elements of an INT32 array, such as a table's {@value #ROWS_SUFFIX} array. */
    static int[] ints(SnapshotArray array) {
        int[] rows = new int[(int) array.elements()];
        array.data().duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(rows);
        return rows;
    }

    /** A tensor of row numbers (the caller closes it). */
    static TInt32 rowTensor(int[] rows) {
        return TInt32.tensorOf(Shape.of(rows.length), DataBuffers.of(rows, true, false));
    }

    /** The values of the rows of {@code table} that {@link #writeRows} put into the snapshot, as a tensor (the caller closes it). */
    static Tensor rowValues(Snapshot snapshot, Param<?> table) {
        SnapshotArray values = snapshot.array(table.name());
        return tensorOf(table.variable().type(), Shape.of(values.shape()), values.data());
    }

    /** A new tensor holding {@code data} (a heap buffer of exactly the tensor's size); the caller closes it. */
    static Tensor tensorOf(Class<? extends TType> type, Shape shape, ByteBuffer data) {
        Tensor tensor = Tensor.of(type, shape);
        tensor.asRawTensor().data().write(data.array(), data.arrayOffset() + data.position(), data.remaining());
        return tensor;
    }
}
