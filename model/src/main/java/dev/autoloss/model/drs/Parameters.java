package dev.autoloss.model.drs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TFloating;

/**
 * The parameters of one part of the network, under a name prefix: the recommender's weights W ({@code drs})
 * or the loss controller's weights V ({@code controller}). Layers create their variables here, so optimisers
 * and snapshots find them without each layer listing its own.
 */
public final class Parameters<T extends TFloating> {

    private final Net<T> net;
    private final String prefix;
    private final int tableSlots;
    private final List<Param<T>> params = new ArrayList<>();

    public Parameters(Net<T> net, String prefix) {
        this(net, prefix, 0);
    }

    /** {@code tableSlots}: blocks of optimiser state each table row carries beside its weights (2 for Adam's moments). */
    public Parameters(Net<T> net, String prefix, int tableSlots) {
        this.net = net;
        this.prefix = prefix;
        this.tableSlots = tableSlots;
    }

    public Net<T> net() {
        return net;
    }

    public String prefix() {
        return prefix;
    }

    public Param<T> weight(String name, Shape shape, Init init) {
        return add(name, Param.Role.WEIGHT, shape, init, 0);
    }

    public Param<T> table(String name, long rows, long width, Init init) {
        return add(name, Param.Role.TABLE, Shape.of(rows, width), init, tableSlots);
    }

    public Param<T> statistic(String name, Shape shape, Init init) {
        return add(name, Param.Role.STATISTIC, shape, init, 0);
    }

    /** Optimiser state shaped like the dense weight {@code owner}, named after it, starting at zero. */
    public Param<T> slot(Param<T> owner, String slotName) {
        String ownerName = owner.name().substring(prefix.length() + 1);
        return add(ownerName + "/" + slotName, Param.Role.SLOT, owner.shape(), Init.zeros(), 0);
    }

    private Param<T> add(String name, Param.Role role, Shape shape, Init init, int slots) {
        Param<T> param = net.create(prefix + "/" + name, role, shape, init, slots);
        params.add(param);
        return param;
    }

    /** All parameters of this part, in creation order. */
    public List<Param<T>> all() {
        return Collections.unmodifiableList(params);
    }

    /** The parameters gradients update (weights and tables), in creation order. */
    public List<Param<T>> trainable() {
        return params.stream().filter(Param::trainable).toList();
    }
}
