using System;
using System.Text;

namespace Declarative.Generators.Emitting;

/// <summary>A small indented text writer with '\n' line endings on every platform, so output is deterministic.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public CodeWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', _indent * 4).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Writes text of several lines ('\n'-separated), each at the current indentation.</summary>
    public CodeWriter Lines(string text)
    {
        foreach (var line in text.Split('\n')) Line(line);
        return this;
    }

    /// <summary>Writes a line and an opening brace, and indents until the returned scope is disposed.</summary>
    public IDisposable Block(string header)
    {
        Line(header);
        Line("{");
        _indent++;
        return new Scope(this);
    }

    /// <summary>Indents the lines written until the returned scope is disposed, without braces.</summary>
    public IDisposable Indented()
    {
        _indent++;
        return new Scope(this, closingBrace: false);
    }

    public override string ToString() => _text.ToString();

    private sealed class Scope : IDisposable
    {
        private readonly CodeWriter _writer;
        private readonly bool _closingBrace;

        public Scope(CodeWriter writer, bool closingBrace = true)
        {
            _writer = writer;
            _closingBrace = closingBrace;
        }

        public void Dispose()
        {
            _writer._indent--;
            if (_closingBrace) _writer.Line("}");
        }
    }
}
