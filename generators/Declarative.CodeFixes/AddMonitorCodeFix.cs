using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Declarative.CodeFixes;

/// <summary>DCB0016: adds the missing <c>Monitor</c> to a <c>[ModelCheckpoint(..., SaveBestOnly = true)]</c> (one fix per candidate).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddMonitorCodeFix)), Shared]
public sealed class AddMonitorCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.SaveBestOnlyWithoutMonitorId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<AttributeSyntax>() is not { ArgumentList: { } arguments } attribute) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            foreach (var name in Candidates.Of(diagnostic))
            {
                var monitor = SyntaxFactory.AttributeArgument(
                    SyntaxFactory.NameEquals("Monitor"),
                    null,
                    SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)));
                var fixedAttribute = attribute.WithArgumentList(arguments.AddArguments(monitor)).WithAdditionalAnnotations(Formatter.Annotation);
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Save when '{name}' improves",
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(attribute, fixedAttribute))),
                        nameof(AddMonitorCodeFix) + ":" + name),
                    diagnostic);
            }
        }
    }
}
