import {PDFArray, PDFName, type PDFDict, type PDFObject} from 'pdf-lib';

/** The kids (`/K`) of a structure element or of the structure tree's root, as a list: PDF allows one kid without an array. */
export function kidsOf(dict: PDFDict): PDFObject[] {
  const kids = dict.get(PDFName.of('K'));
  return kids instanceof PDFArray ? kids.asArray() : kids === undefined ? [] : [kids];
}
