package dev.autoloss.model.loss;

import dev.autoloss.model.features.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Stack;
import org.tensorflow.types.family.TFloating;

/** The losses a run mixes, checked against the task: no loss twice, none that the task cannot use. */
public final class CandidateSet {

    private final List<CandidateLoss> losses;

    public CandidateSet(Task task, List<CandidateLoss> losses) {
        if (losses.isEmpty()) {
            throw new IllegalArgumentException("candidates: at least one loss is needed");
        }
        if (new HashSet<>(losses).size() != losses.size()) {
            throw new IllegalArgumentException("candidates: a loss is listed twice in " + names(losses));
        }
        for (CandidateLoss loss : losses) {
            if (!loss.supports(task)) {
                throw new IllegalArgumentException("candidates: loss " + loss.cliName() + " does not apply to the "
                        + task.cliName() + " task; use " + names(CandidateLoss.defaults(task)));
            }
        }
        this.losses = List.copyOf(losses);
    }

    public List<CandidateLoss> losses() {
        return losses;
    }

    public int size() {
        return losses.size();
    }

    public List<String> names() {
        return names(losses);
    }

    /** {@code [B, n]}: every candidate's loss for every example, in candidate order. */
    public <T extends TFloating> Operand<T> perExample(LossInputs<T> in) {
        List<Operand<T>> columns = new ArrayList<>();
        for (CandidateLoss loss : losses) {
            columns.add(loss.perExample(in));
        }
        return in.net().tf().stack(columns, Stack.axis(1L));
    }

    private static List<String> names(List<CandidateLoss> losses) {
        return losses.stream().map(CandidateLoss::cliName).toList();
    }
}
