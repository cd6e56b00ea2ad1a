package dev.autoloss.jobs.drill;

/** Redis stopped and started again empty (no persistence): the served model is gone until the trainer publishes it again. */
public final class RedisRestart implements Fault<ClusterTrainJob> {

    @Override
    public String name() {
        return "redis-restart";
    }

    @Override
    public void strikeAndRecover(ClusterTrainJob job) {
        job.cluster().restartRedis();
    }
}
