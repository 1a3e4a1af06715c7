using System.IO;
using System.Text;
using Spectre.Console;

namespace Declarative.Progress;

/// <summary>
/// Where callbacks print while a live bar is drawn: each completed line goes through the same Spectre console, which
/// prints it above the bar instead of through it.
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

        _console.Write(new Text(_line.ToString() + "\n"));
        _line.Clear();
    }
}
