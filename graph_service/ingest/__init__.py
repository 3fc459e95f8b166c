"""The seed loader: files → validated records → a diff with the graph → batched writes."""
