using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading.Tasks;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.CodeFixes;

/// <summary>DCB0004: declares the built-in metric (<c>[Accuracy]</c>, ...) that provides the monitored name, on the model class.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddMetricAttributeCodeFix)), Shared]
public sealed class AddMetricAttributeCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.UnknownMonitorId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } model) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(FixProperties.Attribute, out var name) || string.IsNullOrEmpty(name)) continue;

            // A list of its own, first among the class's, with the class's leading trivia (its doc comment) before it.
            var list = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName(name!))));
            var first = model.AttributeLists.Count > 0 ? model.AttributeLists[0] : null;
            var leading = first?.GetLeadingTrivia() ?? model.GetLeadingTrivia();
            var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(leading[leading.Count - 1]) : SyntaxFactory.TriviaList();
            var added = list.WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.EndOfLine("\n"));
            var fixedModel = first is null
                ? model.WithLeadingTrivia(indentation).WithAttributeLists(SyntaxFactory.SingletonList(added))
                : model.WithAttributeLists(model.AttributeLists.Replace(first, first.WithLeadingTrivia(indentation)).Insert(0, added));
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Declare [{name}] on the model",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(model, fixedModel))),
                    nameof(AddMetricAttributeCodeFix) + ":" + name),
                diagnostic);
        }
    }
}
