#!/usr/bin/env bash
# Trains the folds of one run as a Slurm job array, then evaluates it: one job per fold, on any nodes that see the
# repository and the run folder (a shared file system). Usage, from the repository root on the login node:
#   deploy/slurm/submit.sh [train options...]      e.g. --model resnet50 --init-weights /shared/resnet50.pth --size 512
# The data stages (cleaning, folds, cache) must have run once: ./pneumo study --data-only.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
run=$(./pneumo train --no-train "$@" | sed -n 's/^run //p')
[ -n "$run" ] || { echo "submit.sh: could not create the run folder" >&2; exit 2; }
folds=$(sed -n 's/.*"folds": \([0-9]*\).*/\1/p' "$run/config.json" | head -n 1)
echo "run $run: $folds folds"
train=$(sbatch --parsable --array=0-$((folds - 1)) --export=ALL,PNEUMO_RUN="$run" deploy/slurm/train-fold.sbatch)
sbatch --dependency=afterok:"$train" --export=ALL,PNEUMO_RUN="$run" deploy/slurm/evaluate.sbatch
