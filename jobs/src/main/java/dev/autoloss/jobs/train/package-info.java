/**
 * The train job: Kafka events in, a trainer (or several replicas and their merged model) that checkpoints its
 * state incrementally and publishes versions of its model to Redis.
 *
 * <h2>Glossary</h2>
 * What these words mean throughout the code (the README explains them to users):
 * <dl>
 * <dt>step</dt>
 * <dd>One training batch applied by the trainer ({@link dev.autoloss.model.train.Trainer#step()}, a DRS step;
 *     skipped batches do not count). Trainer snapshots, increments and deltas are dated by steps.</dd>
 * <dt>version</dt>
 * <dd>One published model in Redis, numbered upward from 1 under its prefix; it becomes the latest only once
 *     the Flink checkpoint holding its state has completed ({@link dev.autoloss.jobs.train.VersionPlan}). Its
 *     manifest records the step it holds; the two numbers differ (version 7 may hold step 420).</dd>
 * <dt>full version</dt>
 * <dd>A version holding the whole trainer state, optimizer state included ({@link
 *     dev.autoloss.model.train.Trainer#saveState()}): enough to score, and to resume training.</dd>
 * <dt>delta</dt>
 * <dd>A version holding the table rows changed since the step of its base (a full version of the same run,
 *     always in Redis before the delta), plus every dense weight, running statistic and the admission counts ({@link
 *     dev.autoloss.model.train.Trainer#saveDelta(long)}). No optimizer state: it updates a scoring copy
 *     only. A reader assembles it as its base plus the delta.</dd>
 * <dt>increment</dt>
 * <dd>A file of the trainer's checkpoint, never published: all state changed since the step of the chain's
 *     previous file, optimizer state included ({@link dev.autoloss.model.train.Trainer#saveIncrement(long)}).</dd>
 * <dt>state chain</dt>
 * <dd>The files that rebuild the trainer at a checkpoint: a full trainer state file, then the increments after
 *     it, in step order; Flink's checkpoint holds their list. Once the increments outweigh the full
 *     file, a background fold writes a new full file that later chains start from ({@link dev.autoloss.jobs.train.TrainerStateChain}).</dd>
 * <dt>lineage</dt>
 * <dd>One job across the runs of the same command: one folder for their checkpoints, and each run starts from
 *     the newest ({@link dev.autoloss.jobs.resume.JobLineage}); the train job's is named by its prefix.</dd>
 * <dt>prefix</dt>
 * <dd>The Redis key prefix ({@code --redis-prefix}, default {@code autoloss}) that every key of one model
 *     starts with ({@link dev.autoloss.jobs.snapshot.SnapshotKeys}): one prefix, one model, one train job.</dd>
 * <dt>replica, trainer delta</dt>
 * <dd>With {@code --trainers N}, each trainer is a replica of the model trained on its share of the events; at each
 *     checkpoint it sends a trainer delta of its own steps ({@link dev.autoloss.jobs.train.ReplicaDelta}; not a
 *     published delta) to the merged model and the other replicas ({@link dev.autoloss.jobs.train.ReplicaExchange}).</dd>
 * <dt>merged model</dt>
 * <dd>With several trainers, the one model that adds every trainer delta and publishes the versions
 *     ({@link dev.autoloss.jobs.train.MergedModelOperator}); its step counts every trainer's steps.</dd>
 * </dl>
 */
package dev.autoloss.jobs.train;
