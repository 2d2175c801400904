/** The data a scenario report shows. Plain values only: the report never runs a model or a solver. */

/** One curve of the Qini chart, as parallel arrays sorted by x (rows targeted). */
export interface ReportCurve {
  /** Legend label, e.g. 'model', 'random', 'perfect'. */
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Draw the line dashed (e.g. for the random and perfect reference lines). Default false. */
  readonly dashed?: boolean;
  /**
   * False: the y axis is not stretched to fit this curve (it is drawn clipped,
   * and a caption gives its top). For the perfect curve, which would otherwise
   * flatten the model and random curves into the bottom of the chart. Default true.
   */
  readonly scale?: boolean;
}

/** One Qini chart: curves of one arm (every model's, random and perfect). */
export interface ReportQiniChart {
  /** Shown above the chart, e.g. "Arm 'email'". */
  readonly title: string;
  readonly curves: ReadonlyArray<ReportCurve>;
  /** Normalised Qini AUC per model curve. */
  readonly aucs?: ReadonlyArray<{ readonly name: string; readonly auc: number }>;
}

/** One point of a budget frontier: expected incremental outcome at a spend, with an optional interval. */
export interface ReportFrontierPoint {
  readonly spend: number;
  readonly incremental: number;
  /** Lower end of the interval of `incremental` (e.g. a 5 % posterior quantile); drawn as a band with `upper`. */
  readonly lower?: number;
  readonly upper?: number;
}

/** Axis titles in the report's charts; each defaults to the text in messages.ts. */
export interface ReportLabels {
  /** Frontier x axis, e.g. 'Spend (EUR)'. */
  readonly spend?: string;
  /** Frontier y axis, e.g. 'Expected incremental visits'. */
  readonly incremental?: string;
  /** Qini x axis, e.g. 'Customers targeted'. */
  readonly qiniX?: string;
  /** Qini y axis, e.g. 'Incremental visits'. */
  readonly qiniY?: string;
  /** What the segments are, e.g. 'Channel'. */
  readonly segment?: string;
}

export interface ReportData {
  /** Heading of the page, e.g. the scenario name. */
  readonly title: string;
  /** A line under the heading, e.g. data file, rows, model. */
  readonly subtitle?: string;
  /** ISO date or timestamp, passed in so that the same data always gives the same HTML. */
  readonly generatedAt: string;
  /** Qini curve of the model on a holdout, with reference curves. */
  readonly qini?: {
    readonly curves: ReadonlyArray<ReportCurve>;
    /** Normalised area under the model's Qini curve (qiniAucScore), shown under the chart. */
    readonly auc?: number;
  };
  /** More Qini charts (one per treated arm), drawn after `qini`. */
  readonly qiniCharts?: ReadonlyArray<ReportQiniChart>;
  /** Budget frontier: one line per variation. */
  readonly frontier: ReadonlyArray<{
    readonly variation: string;
    readonly points: ReadonlyArray<ReportFrontierPoint>;
    /** Draw the line dashed (a reference such as random targeting). Default false. */
    readonly dashed?: boolean;
  }>;
  /** Who is treated by segment, per variation. */
  readonly segments?: ReadonlyArray<{
    readonly variation: string;
    readonly segment: string;
    readonly treated: number;
    readonly total: number;
  }>;
  /** The table of variations (e.g. the rows of summary.csv). Numbers are formatted, strings shown as given. */
  readonly variations: {
    readonly columns: ReadonlyArray<string>;
    readonly rows: ReadonlyArray<ReadonlyArray<string | number | null>>;
  };
  /** The features each model leans on most: one table per model and arm. */
  readonly topFeatures?: ReadonlyArray<{
    /** e.g. "two-model forest, arm 'email'". */
    readonly title: string;
    /** How the values were computed (one sentence). */
    readonly note: string;
    readonly features: ReadonlyArray<{ readonly feature: string; readonly value: number }>;
  }>;
  /** Warnings to show, e.g. solver gaps or model warnings. */
  readonly notes?: ReadonlyArray<string>;
  /** Axis titles. */
  readonly labels?: ReportLabels;
}
