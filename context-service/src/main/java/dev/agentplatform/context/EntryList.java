package dev.agentplatform.context;

import java.util.List;

/** A listing of entries the caller may read; {@code withheld} counts those its read roles hide. */
public record EntryList(List<ContextEntry> entries, int withheld) {
}
