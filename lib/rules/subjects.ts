// The lineage subject types of rule sets and their rules.
export const RULE_SET_SUBJECT = "rule_set";
export const DETECTION_RULE_SUBJECT = "detection_rule";
