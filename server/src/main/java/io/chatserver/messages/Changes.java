package io.chatserver.messages;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** One page of catch-up (decision 33): changes after the caller's seq, in seq order. */
public record Changes<M>(List<Change<M>> changes, long latestSeq, boolean hasMore) {

  public static <M> Changes<M> none() {
    return new Changes<>(List.of(), 0, false);
  }

  /**
   * Merges the live messages and the tombstones (each read in seq order, up to {@code limit + 1}) into
   * the first {@code limit} changes; one more than that means there are more.
   */
  static <M> Changes<M> merge(List<M> live, ToLongFunction<M> seqOf, List<Tombstone> gone, long latestSeq,
      int limit) {
    List<Change<M>> merged = new ArrayList<>(Math.min(limit + 1, live.size() + gone.size()));
    int i = 0;
    int j = 0;
    while (merged.size() <= limit && (i < live.size() || j < gone.size())) {
      if (j >= gone.size() || i < live.size() && seqOf.applyAsLong(live.get(i)) < gone.get(j).seq()) {
        M message = live.get(i++);
        merged.add(Change.of(message, seqOf.applyAsLong(message)));
      } else {
        merged.add(Change.of(gone.get(j++)));
      }
    }
    boolean hasMore = merged.size() > limit;
    return new Changes<>(hasMore ? List.copyOf(merged.subList(0, limit)) : List.copyOf(merged), latestSeq, hasMore);
  }
}
