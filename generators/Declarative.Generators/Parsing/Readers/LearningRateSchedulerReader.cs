using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing.Readers;

internal static class LearningRateSchedulerReader
{
    public static LearningRateSchedulerSpec? Read(AttributeReader reader, ReadContext context)
    {
        var type = context.Model;
        var name = reader.Constructor<string?>(0, null) ?? string.Empty;
        var candidates = Methods(type, name).ToList();
        if (candidates.Count == 0)
        {
            var closest = Naming.ClosestMatch(name, Methods(type, null).Where(m => m.IsStatic).Select(m => m.Name).Distinct());
            context.Problems.Report(
                DiagnosticDescriptors.ScheduleMethodNotFound, () => reader.Location(0), FixProperties.Of(FixProperties.MethodName, name), type.Name, name, closest is null ? string.Empty : $" (did you mean '{closest}'?)");
            return null;
        }

        var twoArguments = candidates.FirstOrDefault(m => IsSchedule(m, 2));
        var method = twoArguments ?? candidates.FirstOrDefault(m => IsSchedule(m, 1));
        if (method is null)
        {
            context.Problems.Report(DiagnosticDescriptors.ScheduleMethodSignature, () => reader.Location(0), name, candidates[0].ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
            return null;
        }

        if (!method.IsStatic)
        {
            context.Problems.Report(DiagnosticDescriptors.ScheduleMethodNotStatic, () => reader.Location(0), name);
            return null;
        }

        var takesRate = SymbolEqualityComparer.Default.Equals(method, twoArguments);
        return new LearningRateSchedulerSpec("LearningRateScheduler", reader.Text(context.CancellationToken), name, takesRate, reader.Get("Verbose", false));
    }

    private static bool IsSchedule(IMethodSymbol method, int parameters) =>
        !method.IsGenericMethod
        && method.ReturnType.SpecialType == SpecialType.System_Double
        && method.Parameters.Length == parameters
        && method.Parameters.All(p => p.RefKind == RefKind.None)
        && method.Parameters[0].Type.SpecialType == SpecialType.System_Int32
        && (parameters == 1 || method.Parameters[1].Type.SpecialType == SpecialType.System_Double);

    // The model's own methods (any accessibility) and its base classes' non-private ones.
    private static IEnumerable<IMethodSymbol> Methods(INamedTypeSymbol type, string? name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var members = name is null ? current.GetMembers() : current.GetMembers(name);
            foreach (var method in members.OfType<IMethodSymbol>())
            {
                if (method.MethodKind == MethodKind.Ordinary && (SymbolEqualityComparer.Default.Equals(current, type) || method.DeclaredAccessibility != Accessibility.Private))
                    yield return method;
            }
        }
    }
}
