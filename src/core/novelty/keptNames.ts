/**
 * Identifiers the novelty tokenizer keeps verbatim: they carry architecture (which layers and ops,
 * which optimizer) where other identifiers are just local names. Everything else becomes `ID`.
 */

/**
 * TF.js namespaces, layers, ops, optimizers, losses and common layer options. Many are also
 * ordinary words (`model`, `units`), so the tokenizer keeps them only where TF.js puts them:
 * after a member dot (`tf.layers.dense`) or as an object-literal key (`{ filters: 16 }`).
 */
const tfText = `
tf layers train losses metrics initializers regularizers constraints sequential model input apply predict
conv1d conv2d conv3d depthwiseConv2d separableConv2d conv2dTranspose conv3dTranspose
maxPooling1d maxPooling2d maxPooling3d averagePooling1d averagePooling2d averagePooling3d
globalAveragePooling1d globalAveragePooling2d globalMaxPooling1d globalMaxPooling2d maxPool avgPool
dense flatten dropout spatialDropout1d spatialDropout2d alphaDropout gaussianDropout gaussianNoise
batchNormalization layerNormalization activation reshape permute repeatVector
zeroPadding2d upSampling2d cropping2d embedding lstm gru simpleRNN bidirectional timeDistributed
add concatenate multiply average maximum minimum subtract dot
relu relu6 elu selu leakyRelu prelu thresholdedReLU sigmoid hardSigmoid tanh softmax softplus softsign swish mish gelu
conv2d matMul mul sub div neg square sqrt exp log mean sum max min pad slice concat stack split
tidy keep dispose clone cast squeeze expandDims transpose reshape oneHot argMax
sgd momentum adam adamax rmsprop adagrad adadelta minimize
softmaxCrossEntropy sigmoidCrossEntropy meanSquaredError absoluteDifference huberLoss logLoss
categoricalCrossentropy sparseCategoricalCrossentropy binaryCrossentropy
Tensor Tensor1D Tensor2D Tensor3D Tensor4D Scalar Optimizer Sequential LayersModel SymbolicTensor Layer
inputShape filters kernelSize strides padding units rate poolSize useBias activation kernelInitializer
biasInitializer kernelRegularizer depthMultiplier dilationRate axis epsilon training
`;

/**
 * The Net API's own names (design.md, "The Net API for TensorFlow.js") and common prm keys: kept
 * everywhere. Parameter names (`inShape`, `prm`, `trainData`) are free to rename, so not listed.
 */
const netApiText = `
tf Net forward trainSetup learn supportedHyperparameters optimizer criteria lr momentum dropout batch
`;

const words = (text: string): ReadonlySet<string> => new Set(text.split(/\s+/).filter(Boolean));

/** Kept only after a member dot or as an object-literal key. */
export const tfNames = words(tfText);

/** Kept everywhere; the tokenizer adds the file's own declared hyperparameter keys. */
export const netApiNames = words(netApiText);
