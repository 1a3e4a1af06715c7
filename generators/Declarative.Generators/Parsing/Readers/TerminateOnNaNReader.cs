using Declarative.Generators.Models;

namespace Declarative.Generators.Parsing.Readers;

internal static class TerminateOnNaNReader
{
    public static TerminateOnNaNSpec Read(AttributeReader reader, ReadContext context) =>
        new("TerminateOnNaN", reader.Text(context.CancellationToken), reader.Get("RaiseError", false));
}
