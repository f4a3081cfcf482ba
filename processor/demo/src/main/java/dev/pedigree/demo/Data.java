package dev.pedigree.demo;

import dev.pedigree.events.DatasetHash;

/** A table a step read or wrote, and the dataset version it was recorded as. */
record Data(Table table, DatasetHash version) {
}
