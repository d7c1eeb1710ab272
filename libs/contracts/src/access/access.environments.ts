/** The two networks J-LIS runs (wire values: changing one needs a migration plan). */
export const ACCESS_ENVIRONMENTS = ['test', 'production'] as const;
