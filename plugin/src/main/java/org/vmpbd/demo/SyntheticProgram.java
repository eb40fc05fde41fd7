package org.vmpbd.demo;

import java.util.List;
import java.util.Map;

/**
 * A made-up program's normal behaviour: a fixed start-up prefix, then a loop of steps, each a short
 * run of calls, chosen with weights, then a fixed exit suffix. Names are linux-x86_64 calls.
 *
 * @param comm    process name as a guest kernel would report it
 * @param prefix  start-up calls (loader, configuration)
 * @param steps   loop steps with their weights
 * @param suffix  exit calls
 * @param minLoop fewest loop iterations
 * @param maxLoop most loop iterations (exclusive)
 */
record SyntheticProgram(String comm, List<String> prefix, Map<List<String>, Integer> steps, List<String> suffix,
                        int minLoop, int maxLoop) {
}
