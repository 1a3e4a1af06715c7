using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.CodeFixes;

/// <summary>
/// DCB0004 and DCB0029: replaces an unknown monitor with one of the closest names the model produces, or an unknown
/// optimizer with one of those Fit takes (one fix per candidate, closest first).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseKnownNameCodeFix)), Shared]
public sealed class UseKnownNameCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnknownMonitorId, DiagnosticDescriptors.UnknownOptimizerId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not ExpressionSyntax expression) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var name in Candidates.Of(diagnostic))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(
                        diagnostic.Id == DiagnosticDescriptors.UnknownOptimizerId ? $"Use the optimizer '{name}'" : $"Monitor '{name}'",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(expression, Literal(name).WithTriviaFrom(expression)))),
                        nameof(UseKnownNameCodeFix) + ":" + name),
                    diagnostic);
            }
        }
    }

    private static LiteralExpressionSyntax Literal(string value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value));
}
