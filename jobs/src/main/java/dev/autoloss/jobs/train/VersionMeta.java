package dev.autoloss.jobs.train;

import dev.autoloss.jobs.snapshot.SnapshotManifest;
import dev.autoloss.model.train.Trainer;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a published version says about itself in its manifest, beyond the model. */
final class VersionMeta {

    static final String CONTROLLER_FROZEN = "controllerFrozen";
    static final String TRAINERS = "trainers";

    private VersionMeta() {}

    /**
     * Step, events trained and their digest, the checkpoint holding the state (for a run's base version, the one it
     * restored; 0 for none), the Kafka offsets a model resumed from it starts at, the trainer's settings, how many
     * trainers made it, and whether its loss controller is a frozen one ({@code train --controller}).
     */
    static Map<String, String> of(Trainer trainer, TrainOptions options, long eventsTrained, long trainedIdDigest, long checkpointId,
                                  long[] untrainedOffsets) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(SnapshotManifest.STEP, Long.toString(trainer.step()));
        meta.put("eventsTrained", Long.toString(eventsTrained));
        meta.put("trainedIdDigest", Long.toString(trainedIdDigest));
        meta.put("checkpointId", Long.toString(checkpointId));
        meta.put(ResumeOffsets.TOPIC_META_KEY, options.topic);
        meta.put(ResumeOffsets.META_KEY, ResumeOffsets.encode(untrainedOffsets));
        meta.putAll(TrainerFactory.meta(options, trainer.config()));
        meta.put(TRAINERS, Integer.toString(options.trainers));
        if (trainer.controllerFrozen()) {
            meta.put(CONTROLLER_FROZEN, "true"); // its loss weights come from a controller searched elsewhere
        }
        return meta;
    }
}
