"""The character encodings offered per session (status bar, View menu, session editor)."""

#: By Python codec name, with the label users know.
ENCODINGS = (
    ("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030"), ("big5", "Big5"),
    ("shift_jis", "Shift_JIS"), ("euc-kr", "EUC-KR"), ("latin-1", "ISO-8859-1 (Latin-1)"),
)
