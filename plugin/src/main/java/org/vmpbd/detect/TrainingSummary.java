package org.vmpbd.detect;

/**
 * What a model was trained on.
 *
 * @param digest    SHA-256 (hex) of the training traces, in id order
 * @param processes N, the number of training processes
 * @param calls     total calls after filtering
 * @param windows   total windows (with repeats)
 * @param label     free text: program, image or service the model is for
 */
public record TrainingSummary(String digest, int processes, long calls, long windows, String label) {
}
