"""What the line says: articles, menus and prompts, read from CONTENT_DIR.

model (dataclasses) <- parse (pure parsers) <- loader (the one reader of the folder);
checks (words written for the ear), links (an article's address), live (reloads)."""
