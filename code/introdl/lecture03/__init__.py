"""Lecture 3's own code (Deep computer vision): what its chapters import.

- images_as_arrays: ``images`` (a colour sample image, digits by class, a template classifier);
- convolution: ``convolution`` (conv2d_numpy, the output-size formula, hand-made filters);
- cnn_building_blocks: ``pooling`` (max_pool_numpy), ``receptive_field`` (the recurrence);
  the figures of these three chapters are in ``basics_figures``;
- the later chapters' own modules (models and training, saliency and shifts, synthetic scenes,
  segmentation and detection, their figures) sit beside these, one job each.

The core of ``introdl`` (page setup, profiles, frameworks, results, plotting, weight copying,
side-by-side training, self-checks) serves every page; what only Lecture 3 uses lives here.
"""
