// A page of a feed, and the position it is paged by: the media repository's list shape, which the
// Graph edge turns into cursors (graph/paging.ts). Here, with their owner, so media imports nothing of graph.

/** A position in a newest-first list. */
export interface Keyset {
  takenAt: number;
  id: string;
}

export interface Page<T> {
  items: T[];
  hasNext: boolean;
  hasPrevious: boolean;
}
