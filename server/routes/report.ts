import { z } from 'zod';
import type { Store } from '../db/openStore';
import { defineRoute, HttpError, type AnyRoute } from '../http/route';
import { harmParam, month } from '../http/params';
import { buildReportData, ReportInputError } from '../report/data';
import { reportHtml } from '../report/html';
import { ChromiumMissingError, printPdf } from '../report/pdf';

const reportQuery = z
  .object({
    from: month.optional().describe('First month of the period (default: the last month held)'),
    to: month.optional().describe('Last month of the period (default: the last month held)'),
    ward: z.string().regex(/^[A-Z]\d{8}$/, { message: 'must be a current ward code such as E05012345' }).optional().describe('Current ward code; the borough when absent'),
    harm: harmParam.optional().describe('One harm group; violence and ASB when absent'),
    format: z.enum(['pdf', 'html']).default('pdf').describe('pdf (A4, printed by headless chromium) or html'),
  })
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

export function reportRoutes(db: Store): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/report',
      summary: 'Tasking-meeting pack (A4 PDF or HTML): map, hot spots with emerging class, wards, overlap, context, patrol plan, method and sources',
      query: reportQuery,
      handler: async (q, { res }) => {
        let data;
        try {
          data = buildReportData(db, q);
        } catch (err) {
          if (err instanceof ReportInputError) throw new HttpError(400, err.message);
          throw err;
        }
        const html = reportHtml(data);
        const name = `tasking-pack-${data.area.code ?? 'borough'}-${data.from === data.to ? data.to : `${data.from}_${data.to}`}`;
        if (q.format === 'html') {
          res.type('html').send(html);
          return undefined;
        }
        let pdf: Buffer;
        try {
          pdf = await printPdf(html);
        } catch (err) {
          if (err instanceof ChromiumMissingError) throw new HttpError(503, err.message);
          throw err;
        }
        res.setHeader('Content-Type', 'application/pdf');
        res.setHeader('Content-Disposition', `inline; filename="${name}.pdf"`);
        res.send(pdf);
        return undefined;
      },
    }),
  ];
}
