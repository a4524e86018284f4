package io.chatserver.fuzz;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A corpus file of src/test/resources/fuzz/: one JSON object per line, blank lines and lines starting
 * with '#' skipped. Every seed is sent once as it is, then drawn (by its {@code weight}, default 1) as
 * the base of mutated inputs.
 */
final class Corpus {

  private final String file;
  private final List<JsonObject> seeds;
  private final double totalWeight;

  private Corpus(String file, List<JsonObject> seeds) {
    this.file = file;
    this.seeds = seeds;
    this.totalWeight = seeds.stream().mapToDouble(Corpus::weight).sum();
  }

  static Corpus load(String file) {
    try (InputStream in = Corpus.class.getResourceAsStream("/fuzz/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no corpus file fuzz/" + file + " on the test class path");
      }
      List<JsonObject> seeds = new ArrayList<>();
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        try {
          JsonObject seed = new JsonObject(line);
          if (seed.getString("name") == null) {
            throw new IllegalStateException("no name");
          }
          seeds.add(seed);
        } catch (RuntimeException e) {
          throw new IllegalStateException("fuzz/" + file + " line " + (i + 1) + ": " + e.getMessage(), e);
        }
      }
      return new Corpus(file, List.copyOf(seeds));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  List<JsonObject> seeds() {
    return seeds;
  }

  /** A seed drawn by weight. */
  JsonObject draw(SplittableRandom random) {
    double point = random.nextDouble() * totalWeight;
    for (JsonObject seed : seeds) {
      point -= weight(seed);
      if (point < 0) {
        return seed;
      }
    }
    return seeds.get(seeds.size() - 1);
  }

  private static double weight(JsonObject seed) {
    return seed.getDouble("weight", 1.0);
  }

  @Override
  public String toString() {
    return "fuzz/" + file + " (" + seeds.size() + " seeds)";
  }
}
