package dev.autoloss.model.features;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Test helper: ROC AUC by the rank-sum (Mann-Whitney) formula, ties averaged. */
final class RankAuc {

    private RankAuc() {}

    static double of(double[] scores, boolean[] positive) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + 1 + j) / 2.0;
            for (int k = i; k < j; k++) {
                if (positive[order[k]]) {
                    rankSum += averageRank;
                    positives++;
                }
            }
            i = j;
        }
        long negatives = scores.length - positives;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
