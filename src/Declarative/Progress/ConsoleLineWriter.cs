using System;
using System.IO;
using System.Text;
using Spectre.Console;

namespace Declarative.Progress;

/// <summary>
/// Where callbacks print while a live bar is drawn: each completed line goes through the same Spectre console, which
/// prints it above the bar instead of through it. Spectre writes the line where the bar was without erasing the rest
/// of that row, so each row is padded to the bar's width (one column less than the terminal's), and a line longer than
/// that is cut into rows of that width: nothing of the bar is left on screen, and no row makes the terminal wrap.
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
        var text = _line.ToString();
        var rows = new StringBuilder();
        for (var start = 0; start == 0 || start < text.Length; start += width)
        {
            rows.Append(text, start, Math.Min(width, text.Length - start)).Append(' ', Math.Max(0, width - (text.Length - start))).Append('\n');
        }

        _console.Write(new Text(rows.ToString()));
        _line.Clear();
    }
}
