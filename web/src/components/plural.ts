/** "1 license", "4 components", "0 vulnerabilities". */
export function countOf(n: number, singular: string, plural: string = singular + "s"): string {
  return `${n.toLocaleString()} ${n === 1 ? singular : plural}`;
}
