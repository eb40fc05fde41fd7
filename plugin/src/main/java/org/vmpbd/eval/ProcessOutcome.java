package org.vmpbd.eval;

/**
 * One test process: its scores and verdicts (for machines, in results.json).
 *
 * @param side              {@code normal} (held-out normal) or {@code intrusion}
 * @param intrusion         the intrusion it belongs to, or null
 * @param frameScore        vmpbd frame-rule score at the chosen r (alarm iff below epsilon; NaN: cannot fire)
 * @param consecutiveScore  vmpbd consecutive-rule score (the engine's ruleScore)
 * @param meanScore         vmpbd mean of 1 - b_k
 * @param lfc               stide's locality frame count
 */
public record ProcessOutcome(String id, String side, String intrusion, long calls, int windows, int misses,
                             double meanScore, double frameScore, double consecutiveScore, int lfc,
                             long stideMismatches, boolean frameAlarm, boolean consecutiveAlarm, boolean stideAlarm) {
}
