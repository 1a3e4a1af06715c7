using System;
using System.IO;
using System.Text;
using Spectre.Console;

namespace Declarative.Progress;

/// <summary>
/// Where callbacks print while a live bar is drawn: each completed line goes through the same Spectre console, which
/// prints it above the bar instead of through it. Spectre writes the line where the bar was without erasing the rest
/// of that row, so each row is padded to the bar's width (one column less than the terminal's), and a line longer than
/// that is broken between words into rows of that width, indented as an epoch line's: nothing of the bar is left on
/// screen, no row makes the terminal wrap, and no word is cut (unless it is longer than a row).
/// </summary>
internal sealed class ConsoleLineWriter : TextWriter
{
    private readonly IAnsiConsole _console;
    private readonly StringBuilder _line = new();

    public ConsoleLineWriter(IAnsiConsole console) => _console = console;

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        if (value == '\r') return;
        if (value != '\n')
        {
            _line.Append(value);
            return;
        }

        var width = Math.Max(1, _console.Profile.Width - 1);
        var rows = new StringBuilder();
        foreach (var row in TerminalLine.WrapWords(_line.ToString(), width)) rows.Append(row).Append(' ', width - row.Length).Append('\n');

        _console.Write(new Text(rows.ToString()));
        _line.Clear();
    }
}
