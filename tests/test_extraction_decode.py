"""Decoding uploads: the right characters, or a one-line reason."""

import pytest

from claims.extraction.decode import decode_bytes, normalize_text
from claims.extraction.errors import InputError

ITALIAN = "Perché il caffè costa più? L'Università di Città di Castello è nata nel 1950 — così dicono «gli esperti»."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])
def test_encodings_decode_to_the_same_text(encoding):
    assert decode_bytes(ITALIAN.encode(encoding)) == ITALIAN


def test_latin1_italian_decodes():
    text = "Perché il caffè costa più? È così."
    assert decode_bytes(text.encode("latin-1")) == text


def test_windows_line_endings_become_newlines():
    assert decode_bytes(b"Riga uno.\r\nRiga due.\rRiga tre.") == "Riga uno.\nRiga due.\nRiga tre."


def test_stray_nul_bytes_are_dropped():
    assert decode_bytes(b"Il governo\x00 ha deciso.") == "Il governo ha deciso."


@pytest.mark.parametrize(
    "data,fragment",
    [
        (b"", "empty"),
        (b"\n \t\r\n", "empty"),
        (b"%PDF-1.5\n...", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office"),
        (b"\x1f\x8b\x08\x00\x00", "gzip"),
        (b"\x7fELF\x02\x01\x01", "executable"),
        (bytes(range(32)) * 200, "binary"),
    ],
)
def test_refusals_are_one_line(data, fragment):
    with pytest.raises(InputError) as exc:
        decode_bytes(data)
    assert fragment in str(exc.value)
    assert "\n" not in str(exc.value)


def test_size_limit_counts_uploaded_bytes():
    with pytest.raises(InputError, match="too large"):
        decode_bytes(b"a" * 101, max_bytes=100)
    assert decode_bytes(b"a" * 100, max_bytes=100) == "a" * 100


def test_pasted_text_is_normalised_to_nfc():
    decomposed = "perche\u0301"  # e + combining acute, as some Mac clipboards paste it
    assert normalize_text(decomposed) == "perché"


def test_text_starting_with_mz_is_not_an_executable():
    assert decode_bytes(b"MZ Holdings reported a loss of $3m.") == "MZ Holdings reported a loss of $3m."


def test_lone_surrogates_do_not_break_storage():
    assert "\ud800" not in normalize_text("Il governo \ud800ha deciso.")
