#!/usr/bin/env python3
"""Prints a TensorFlow graph in the node-list format of `hidden-layer-stabilization graph`.

One line per node, in the GraphDef's order: NAME OP [inputs, ^control inputs], and
" seed=S seed2=S2" after ops that have both seed attributes (TruncatedNormal). Diff the result
with the Java graph: `hidden-layer-stabilization graph --diff LISTING` (outside gradients/).

From a TF1 notebook, after cell 4:

    import graph_listing
    open("notebook.txt", "w").write(graph_listing.listing(tf.get_default_graph().as_graph_def()))

From the command line, on a GraphDef written by tf.train.write_graph(graph_def, ".", "g.pbtxt")
or by `hidden-layer-stabilization graph --format pbtxt`:

    python3 graph_listing.py g.pbtxt > g.txt

A binary GraphDef (.pb) needs TensorFlow installed; text needs nothing but Python 3.
"""
import re
import sys


def listing(graph_def):
    """The listing of a GraphDef protocol buffer (tf.GraphDef)."""
    lines = []
    for node in graph_def.node:
        seeds = ""
        if "seed" in node.attr and "seed2" in node.attr:
            seeds = " seed=%d seed2=%d" % (node.attr["seed"].i, node.attr["seed2"].i)
        lines.append("%s %s [%s]%s" % (node.name, node.op, ", ".join(node.input), seeds))
    return "".join(line + "\n" for line in lines)


_TOKEN = re.compile(r'\s*(?:("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')|([{}:<>])|([^\s{}:<>"\']+))')


def _tokens(text):
    pos = 0
    while True:
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip():
                raise ValueError("cannot read text at offset %d" % pos)
            return
        pos = m.end()
        if m.group(1) is not None:
            yield ("str", m.group(1))
        elif m.group(2) is not None:
            yield ("punct", m.group(2))
        else:
            yield ("word", m.group(3))


def _parse_message(tokens, closing):
    """A text-format message as a list of (field, value); value is a string or a list."""
    fields = []
    for kind, tok in tokens:
        if kind == "punct" and tok == closing:
            return fields
        if kind != "word":
            raise ValueError("expected a field name, got %r" % tok)
        kind2, tok2 = next(tokens)
        if kind2 == "punct" and tok2 == ":":
            kind2, tok2 = next(tokens)
        if kind2 == "punct" and tok2 in "{<":
            fields.append((tok, _parse_message(tokens, "}" if tok2 == "{" else ">")))
        else:
            fields.append((tok, tok2))
    if closing is not None:
        raise ValueError("unexpected end of text")
    return fields


def _unquote(s):
    return s[1:-1].encode("latin-1").decode("unicode_escape")


class _Attr:
    def __init__(self, fields):
        self.i = next((int(v) for k, v in fields if k == "i"), 0)


class _Node:
    def __init__(self, fields):
        self.name = next(_unquote(v) for k, v in fields if k == "name")
        self.op = next(_unquote(v) for k, v in fields if k == "op")
        self.input = [_unquote(v) for k, v in fields if k == "input"]
        self.attr = {}
        for k, v in fields:
            if k == "attr":
                key = next(_unquote(x) for kk, x in v if kk == "key")
                value = next((x for kk, x in v if kk == "value"), [])
                self.attr[key] = _Attr(value)


class _GraphDef:
    def __init__(self, text):
        fields = _parse_message(_tokens(text), None)
        self.node = [_Node(v) for k, v in fields if k == "node"]


def read_graph_def(path):
    """A GraphDef from a .pbtxt (read here) or a .pb file (read with TensorFlow)."""
    if path.endswith(".pb"):
        import tensorflow as tf  # pylint: disable=import-outside-toplevel
        graph_def = tf.compat.v1.GraphDef()
        with open(path, "rb") as f:
            graph_def.ParseFromString(f.read())
        return graph_def
    with open(path, encoding="utf-8") as f:
        return _GraphDef(f.read())


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: graph_listing.py GRAPH.pbtxt|GRAPH.pb\n")
        return 2
    try:
        graph_def = read_graph_def(argv[1])
    except (OSError, ValueError, StopIteration) as e:
        sys.stderr.write("error: %s: %s\n" % (argv[1], e or "not a GraphDef in text format"))
        return 1
    sys.stdout.write(listing(graph_def))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
