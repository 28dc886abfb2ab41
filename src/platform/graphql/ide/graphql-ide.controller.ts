import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IDE_ASSETS } from './graphql-ide.assets';

/** Serves the IDE's static files (only the listed ones), cached for a day. */
@Controller('graphql-ide')
export class GraphqlIdeController {
  @Get(':file')
  @Header('cache-control', 'public, max-age=86400')
  asset(@Param('file') file: string, @Res() res: Response): void {
    const entry = Object.prototype.hasOwnProperty.call(IDE_ASSETS, file) ? IDE_ASSETS[file] : undefined;
    if (!entry) throw new NotFoundException();
    res.type(entry.type);
    if ('text' in entry) res.send(entry.text);
    else res.sendFile(entry.path());
  }
}
