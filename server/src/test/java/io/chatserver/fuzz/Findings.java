package io.chatserver.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every broken rule of a run, grouped by kind (one kind is one distinct failure: "status 400 without
 * a JSON body", "odd path id accepted", ...), with a count and the first few inputs that showed it.
 */
public final class Findings {

  private static final int EXAMPLES = 4;

  private record Group(List<String> examples, java.util.Set<String> signatures, int[] count) {}

  private final Map<String, Group> groups = new LinkedHashMap<>();

  public synchronized void add(String kind, String input, String answer) {
    add(kind, input, input, answer);
  }

  /** Examples are kept for different {@code signature}s (e.g. the kinds of mutation) first. */
  public synchronized void add(String kind, String signature, String input, String answer) {
    Group group = groups.computeIfAbsent(kind, k -> new Group(new ArrayList<>(), new java.util.HashSet<>(), new int[1]));
    group.count()[0]++;
    if (group.examples().size() < EXAMPLES && group.signatures().add(signature)) {
      group.examples().add("  input: " + input + "\n  answer: " + answer);
    }
  }

  public synchronized boolean isEmpty() {
    return groups.isEmpty();
  }

  public synchronized List<String> kinds() {
    return List.copyOf(groups.keySet());
  }

  /** The report a failing test prints: each kind, how often, examples, and how to replay the run. */
  public synchronized String report(String what, long seed, int inputs) {
    StringBuilder out = new StringBuilder();
    out.append(what).append(": ").append(groups.size()).append(" kinds of failure in ").append(inputs)
        .append(" inputs (seed ").append(seed).append("; replay with -Dfuzz.seed=").append(seed).append(")\n");
    groups.forEach((kind, group) -> {
      out.append("\n* ").append(kind).append(" (").append(group.count()[0]).append("x)\n");
      group.examples().forEach(example -> out.append(example).append('\n'));
    });
    return out.toString();
  }
}
