package dev.pedigree.graph;

/** Which edges a traversal follows: towards sources (upstream), towards consumers (downstream), or both. */
public enum Direction {
    UPSTREAM, DOWNSTREAM, BOTH
}
