/** airlock's version as GitLab sees it in the runner list (keep equal to package.json). */
export const airlockVersion = "0.1.0";
