using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Training;

/// <summary>
/// A model derived from a model trains with the base's metrics, callbacks and hooks plus its own, also when Fit is
/// called through the base type.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public sealed class DerivedModelTests
{
    private static History<BaseClassifierLogs> Fit(BaseClassifier model, BaseClassifier.DeclaredCallbacks? callbacks = null)
    {
        var (inputs, targets) = Data.Blobs(16, seed: 1);
        return model.Fit(inputs, targets, 8, 5, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), progress: ProgressMode.Silent, callbacks: callbacks);
    }

    private static void AssertTrainedWithBothModelsCallbacks(DerivedClassifier model, History<BaseClassifierLogs> history, TemporaryWorkingDirectory folder)
    {
        // The derived model's EarlyStopping on the base's accuracy: 0.625, then 1.0 twice, stops after epoch 3 of 5.
        Assert.Equal([0.625, 1.0, 1.0], history["accuracy"]);
        Assert.Equal(TrainingEndReason.Stopped, history.End.Reason);
        Assert.Equal("[EarlyStopping(Monitor = \"accuracy\", Patience = 1)]", history.End.StoppedBy);
        // The base's checkpoint and hook, and the derived model's CSV and hook.
        // In folders named after the model trained ({model} in the paths).
        Assert.Equal(["base-1.bin", "base-2.bin", "base-3.bin"], folder.Files(Path.Combine("checkpoints", model.GetType().Name)));
        Assert.Equal([0, 1, 2], model.EpochsSeen);
        Assert.Equal([0, 1, 2], model.DerivedEpochsSeen);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(model.GetType().Name, "derived.csv")).Length);
    }

    [Fact]
    public void A_derived_model_trains_with_the_bases_callbacks_and_its_own()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(1);
        var model = new DerivedClassifier();
        var (inputs, targets) = Data.Blobs(16, seed: 1);

        var history = model.Fit(inputs, targets, 8, 5, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), progress: ProgressMode.Silent);

        AssertTrainedWithBothModelsCallbacks(model, history, folder);
        Assert.Equal(2, model.Callbacks.EarlyStopping.StoppedEpoch);
    }

    [Fact]
    public void Fit_called_through_the_base_type_trains_with_the_derived_models_callbacks()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(1);
        var model = new DerivedClassifier();

        var history = Fit(model);

        AssertTrainedWithBothModelsCallbacks(model, history, folder);
    }

    [Fact]
    public void The_bases_callbacks_for_one_run_of_a_derived_model_are_refused_with_what_to_pass()
    {
        using var folder = new TemporaryWorkingDirectory();
        var model = new DerivedClassifier();

        var error = Assert.Throws<ArgumentException>(() => Fit(model, new BaseClassifier.DeclaredCallbacks()));

        Assert.Contains("DerivedClassifier's runs take DerivedClassifier.DeclaredCallbacks", error.Message);
        Assert.Empty(model.EpochsSeen);
    }

    [Fact]
    public void A_model_derived_twice_has_the_callbacks_of_all_three()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(1);
        var model = new TwiceDerivedClassifier();

        var history = Fit(model);

        AssertTrainedWithBothModelsCallbacks(model, history, folder);
        Assert.True(model.Callbacks.Timer.Elapsed > TimeSpan.Zero);
    }

    // {model} is filled in with the class of the model trained: a base model's run and a derived model's run, in one
    // folder, each write their own checkpoints, and neither replaces the other's.
    [Fact]
    public void A_base_model_and_a_derived_model_trained_in_one_folder_write_files_of_their_own()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(1);
        Fit(new BaseClassifier());
        var baseFiles = folder.Files(Path.Combine("checkpoints", "BaseClassifier")).Select(name => File.ReadAllBytes(Path.Combine("checkpoints", "BaseClassifier", name))).ToList();

        Fit(new DerivedClassifier());

        Assert.Equal(5, baseFiles.Count);
        Assert.Equal(baseFiles, folder.Files(Path.Combine("checkpoints", "BaseClassifier")).Select(name => File.ReadAllBytes(Path.Combine("checkpoints", "BaseClassifier", name))));
        Assert.NotEmpty(folder.Files(Path.Combine("checkpoints", "DerivedClassifier")));
    }
}
