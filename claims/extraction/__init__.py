"""Text in, claims out: plain Python, importable without Django.

Stages (one module each):
  decode.py       bytes -> str (encoding detection, binary/NUL/size refusal)   -> InputError
  html.py         HTML page -> main-content blocks (trafilatura)
  markdown.py     Markdown -> blocks
  clean.py        boilerplate lines, repeated title, caption footnote markers
  language.py     it / en / other (degrades gracefully)
  segment.py      sentence spans inside the cleaned text
  checkworthy.py  0..1 check-worthiness score (weights shipped in model/)
  signals.py      numbers, entities, attribution, hedges; claim type
  headline.py     the headline and standfirst as claims; their figures against the body's
  pipeline.py     runs the stages and returns an ExtractionResult
"""
