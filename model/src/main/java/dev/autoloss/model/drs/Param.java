package dev.autoloss.model.drs;

import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TFloating;

/** One variable of the network, with the name snapshots know it by and the role that decides how it is updated. */
public final class Param<T extends TFloating> {

    public enum Role {
        /** a dense trainable weight, updated by dense Adam */
        WEIGHT,
        /** a hashed table; a batch reads (and lazy Adam updates) only the rows it uses */
        TABLE,
        /** running statistics (BatchNorm), moved by averaging, not by gradients */
        STATISTIC,
        /** optimiser state belonging to another parameter */
        SLOT
    }

    private final String name;
    private final Role role;
    private final Shape shape;
    private final int slots;
    private final Variable<T> variable;

    Param(String name, Role role, Shape shape, int slots, Variable<T> variable) {
        this.name = name;
        this.role = role;
        this.shape = shape;
        this.slots = slots;
        this.variable = variable;
    }

    public String name() {
        return name;
    }

    public Role role() {
        return role;
    }

    /** The shape of the weights (for a table: rows x width). */
    public Shape shape() {
        return shape;
    }

    /** Blocks of optimiser state stored beside a table's weights in each row (0 for other parameters). */
    public int slots() {
        return slots;
    }

    /** The variable's shape: the weights' shape, with a table's rows widened by its optimiser state. */
    public Shape storageShape() {
        return slots == 0 ? shape : Shape.of(shape.get(0), shape.get(1) * (1 + slots));
    }

    /** The variable holding the parameter (for a table with slots: weights, then optimiser state, per row). */
    public Variable<T> variable() {
        return variable;
    }

    public boolean trainable() {
        return role == Role.WEIGHT || role == Role.TABLE;
    }

    @Override
    public String toString() {
        return name + " " + shape;
    }
}
