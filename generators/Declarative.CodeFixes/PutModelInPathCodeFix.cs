using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.CodeFixes;

/// <summary>DCB0035: puts <c>{model}</c> in the path of a base model's file-writing callback, so each model writes its own files.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PutModelInPathCodeFix)), Shared]
public sealed class PutModelInPathCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.DerivedModelSharesFilesId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            // The diagnostic is on the derived model; the path to change is the base's, its additional location.
            if (!diagnostic.Properties.TryGetValue(FixProperties.Replacement, out var path) || path is null) continue;
            if (diagnostic.AdditionalLocations.FirstOrDefault() is not { SourceTree: { } tree } location) continue;
            if (context.Document.Project.Solution.GetDocument(tree) is not { } document) continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Write to \"{path}\"", cancellation => Replace(document, location, path, cancellation), nameof(PutModelInPathCodeFix)),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    private static async Task<Solution> Replace(Document document, Location location, string path, CancellationToken cancellation)
    {
        var root = await document.GetSyntaxRootAsync(cancellation).ConfigureAwait(false);
        if (root?.FindNode(location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            return document.Project.Solution;
        var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(path)).WithTriviaFrom(literal);
        return document.WithSyntaxRoot(root.ReplaceNode(literal, replacement)).Project.Solution;
    }
}
